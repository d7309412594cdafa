// GitHub Actions workflows written by `socialcal init`.

// The pull-request side is three workflows, split by trust:
// - socialcal-check.yml (`pull_request`): runs the PR's own content with a read-only token and
//   no secrets (fork PRs included): `check` annotations, and `plan` rendered to an artifact.
// - socialcal-plan-comment.yml (`workflow_run`): has write access to post the plan as one
//   sticky comment, and never checks out or runs anything from the PR; the artifact is only
//   text to it. Chosen over a `pull_request_target` job that would compute the plan itself,
//   which would have to read the PR's files in a privileged job.
// - socialcal-approvals.yml (`pull_request_target` + `pull_request_review`): the required
//   status check. It checks out the base branch (trusted socialcal install and config) and
//   reads the PR's commit from git as data (`--head`), never checking it out or installing
//   from it.
// Every job installs socialcal with `npm ci` from the calendar repo's package-lock.json (the
// version `init` pinned), never by name from the registry, and runs it with `npx --no`, which
// refuses to download a package that is not installed. Only the publish job, which pushes the
// ledger, keeps the checkout's credentials in .git/config (`persist-credentials: false` elsewhere).
import { secretEnvLines, workflowSecrets, type WorkflowConfig } from './workflow-secrets.js';

/**
 * The steps every job runs after its checkout: Node 24, then socialcal from the calendar
 * repository's package-lock.json. `name` labels the install step where a job explains it.
 */
export function installSteps(name?: string): string {
  return `      - uses: actions/setup-node@v4
        with:
          node-version: 24
${name ? `      - name: ${name}\n        run:` : '      - run:'} npm ci --no-audit --no-fund
`;
}

/** The install steps as most jobs write them. */
export const INSTALL_STEPS = installSteps();

/** Checks every pull request: annotations inline, the plan as an artifact; no secrets, so fork PRs are safe. */
export const CHECK_WORKFLOW = `name: socialcal
on:
  pull_request:
  push:
    branches: [main]
permissions:
  contents: read
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: false
${INSTALL_STEPS}      # The parse cache (node_modules/.cache/socialcal), restored after npm ci has emptied
      # node_modules. Only files whose content is unchanged reuse it; a miss is a cold run.
      - uses: actions/cache@v4
        with:
          path: node_modules/.cache/socialcal
          key: socialcal-\${{ hashFiles('package-lock.json', 'socialcal.yaml') }}-\${{ github.sha }}
          restore-keys: socialcal-\${{ hashFiles('package-lock.json', 'socialcal.yaml') }}-
      - run: npx --no socialcal check --format github
  plan:
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    steps:
      # The whole history, so plan finds the base and the merge-base without fetching, and
      # the token need not stay in .git/config.
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
          persist-credentials: false
${INSTALL_STEPS}      - name: socialcal plan
        env:
          BASE_SHA: \${{ github.event.pull_request.base.sha }}
          PR_NUMBER: \${{ github.event.pull_request.number }}
          HEAD_SHA: \${{ github.event.pull_request.head.sha }}
        run: |
          mkdir -p socialcal-plan
          npx --no socialcal plan --base "$BASE_SHA" --format markdown > socialcal-plan/plan.md
          echo "$PR_NUMBER" > socialcal-plan/pr-number
          echo "$HEAD_SHA" > socialcal-plan/head-sha
          cat socialcal-plan/plan.md >> "$GITHUB_STEP_SUMMARY"
      - uses: actions/upload-artifact@v4
        with:
          name: socialcal-plan
          path: socialcal-plan/
          retention-days: 7
`;

/** Posts (or updates) the plan as one sticky PR comment; runs trusted code only, after the check workflow. */
export const PLAN_COMMENT_WORKFLOW = `name: socialcal plan comment
on:
  workflow_run:
    workflows: [socialcal]
    types: [completed]
permissions:
  contents: read
  actions: read
  pull-requests: write
jobs:
  comment:
    if: github.event.workflow_run.event == 'pull_request'
    runs-on: ubuntu-latest
    steps:
      # No checkout: nothing from the pull request runs here. The artifact is data.
      - uses: actions/download-artifact@v4
        with:
          name: socialcal-plan
          path: socialcal-plan
          run-id: \${{ github.event.workflow_run.id }}
          github-token: \${{ github.token }}
      - name: Update the sticky comment
        env:
          GH_TOKEN: \${{ github.token }}
          REPO: \${{ github.repository }}
          RUN_HEAD_SHA: \${{ github.event.workflow_run.head_sha }}
        run: |
          pr=$(cat socialcal-plan/pr-number)
          case "$pr" in (''|*[!0-9]*) echo "::error::artifact has no pull request number"; exit 1;; esac
          # The number comes from the PR's own run: accept it only if that PR's head is the run's commit.
          pr_head=$(gh api "repos/$REPO/pulls/$pr" --jq .head.sha)
          [ "$pr_head" = "$RUN_HEAD_SHA" ] || { echo "pull request #$pr has moved on or does not match this run; skipping"; exit 0; }
          marker='<!-- socialcal-plan -->'
          head -c 65000 socialcal-plan/plan.md > body.md
          grep -qF "$marker" body.md || { echo "::error::plan.md has no socialcal marker"; exit 1; }
          id=$(gh api --paginate "repos/$REPO/issues/$pr/comments" \\
            --jq '.[] | select(.user.login == "github-actions[bot]" and (.body | startswith("<!-- socialcal-plan -->"))) | .id' | head -n 1)
          if [ -n "$id" ]; then
            gh api --method PATCH "repos/$REPO/issues/comments/$id" -F body=@body.md > /dev/null
          else
            gh api --method POST "repos/$REPO/issues/$pr/comments" -F body=@body.md > /dev/null
          fi
`;

/**
 * The required status check "socialcal approvals": re-run when the PR changes and when a
 * review is submitted or dismissed.
 */
export const APPROVALS_WORKFLOW = `name: socialcal approvals
on:
  pull_request_target:
    types: [opened, synchronize, reopened, ready_for_review]
  pull_request_review:
    types: [submitted, dismissed, edited]
permissions:
  contents: read
  pull-requests: read
concurrency:
  group: socialcal-approvals-\${{ github.event.pull_request.number }}
  cancel-in-progress: true
jobs:
  approvals:
    name: socialcal approvals
    runs-on: ubuntu-latest
    steps:
      # The base branch: its socialcal.yaml says who holds which role, and its package-lock.json
      # which socialcal judges (a pull request cannot change either for its own check).
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.base.sha }}
          persist-credentials: false
${installSteps("Install socialcal (from the base branch's lockfile)")}      - name: socialcal approvals
        env:
          # A token with read:org (secret SOCIALCAL_TOKEN) resolves @org/team roles; the
          # workflow token reads reviews but cannot list team members.
          GITHUB_TOKEN: \${{ secrets.SOCIALCAL_TOKEN || github.token }}
          FETCH_TOKEN: \${{ github.token }}
          PR_NUMBER: \${{ github.event.pull_request.number }}
          HEAD_SHA: \${{ github.event.pull_request.head.sha }}
        run: |
          # The pull request's commit, as git objects only: read, never checked out or run. The
          # token goes to this one fetch, not into .git/config.
          auth=$(printf 'x-access-token:%s' "$FETCH_TOKEN" | base64 | tr -d '\\n')
          git -c "http.extraheader=AUTHORIZATION: basic $auth" fetch --no-tags --depth=50 origin "+refs/pull/$PR_NUMBER/head:refs/remotes/origin/socialcal-pr"
          set +e
          npx --no socialcal approvals --head "$HEAD_SHA" --format markdown > "$RUNNER_TEMP/approvals.md"
          code=$?
          # The report quotes the pull request: no line of it may act as a workflow command.
          token="socialcal-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \\n')"
          echo "::stop-commands::$token"
          tee -a "$GITHUB_STEP_SUMMARY" < "$RUNNER_TEMP/approvals.md"
          echo "::$token::"
          exit $code
`;

/**
 * Publishes due posts every 15 minutes; one run at a time; ledger pushed to its own branch.
 * The socialcal step gets each account's credential variables from the repository secrets of
 * the same names (workflow-secrets.ts).
 */
export function publishWorkflow(config: WorkflowConfig): string {
  return `name: socialcal publish
on:
  schedule:
    - cron: '*/15 * * * *'
  workflow_dispatch:
concurrency:
  group: socialcal-publish
  cancel-in-progress: false
permissions:
  contents: write   # pushes the ledger branch (socialcal-ledger) only; protect main separately
jobs:
  publish:
    runs-on: ubuntu-latest
    # A job stopped mid-run leaves its claims; the next run asks the platforms about them.
    timeout-minutes: 20
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 1   # publish fetches only the tip of the ledger branch itself
${INSTALL_STEPS}      # Claims and results are pushed to socialcal-ledger with the checkout's token.
      - run: npx --no socialcal publish
        env:
          GIT_AUTHOR_NAME: socialcal
          GIT_AUTHOR_EMAIL: socialcal@users.noreply.github.com
${secretEnvLines(workflowSecrets('publish', config))}`;
}

/**
 * Pulls engagement once a day onto the ledger branch (docs/metrics.md). Its own concurrency
 * group: a metrics run never delays publishing; the two meet only on the ledger branch, where
 * a rejected push is read again and merged.
 */
export function metricsWorkflow(config: WorkflowConfig): string {
  return `name: socialcal metrics
on:
  schedule:
    - cron: '23 5 * * *'
  workflow_dispatch:
concurrency:
  group: socialcal-metrics
  cancel-in-progress: false
permissions:
  contents: write   # pushes the ledger branch (socialcal-ledger) only
jobs:
  metrics:
    runs-on: ubuntu-latest
    # Rate limits longer than a minute stop an account; what was read is kept and the next run reads the rest.
    timeout-minutes: 30
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 1
${INSTALL_STEPS}      - run: npx --no socialcal metrics
        env:
          GIT_AUTHOR_NAME: socialcal
          GIT_AUTHOR_EMAIL: socialcal@users.noreply.github.com
${secretEnvLines(workflowSecrets('metrics', config))}`;
}

/**
 * Listens every 15 minutes: counts matches of the `listening:` queries on the ledger branch. A
 * spike fails the run (exit 1) with an annotation, tells the webhooks and may freeze tagged posts.
 * It gets the Bluesky and Mastodon accounts' credentials (the platforms it can search) and the
 * spike webhooks' variables.
 */
export function listenWorkflow(config: WorkflowConfig): string {
  return `name: socialcal listen
on:
  schedule:
    - cron: '*/15 * * * *'
  workflow_dispatch:
concurrency:
  group: socialcal-listen
  cancel-in-progress: false
permissions:
  contents: write   # pushes hourly counts (and, on a spike, a freeze) to socialcal-ledger only
jobs:
  listen:
    runs-on: ubuntu-latest
    timeout-minutes: 10
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 1
${INSTALL_STEPS}      # Until socialcal.yaml has a listening: section this only says so (docs/engage.md).
      - run: npx --no socialcal listen --skip-unconfigured
        env:
          GIT_AUTHOR_NAME: socialcal
          GIT_AUTHOR_EMAIL: socialcal@users.noreply.github.com
${secretEnvLines(workflowSecrets('listen', config))}`;
}

/**
 * `init --curate`: once a day, new feed entries become drafts on the branch socialcal/curate
 * and a pull request proposes them. The branch carries .socialcal/curated.yaml with the drafts,
 * so a run continues an open branch and never proposes an entry twice. The pull request is
 * opened through the REST API with curl (GITHUB_API_URL), the way the other workflows talk to
 * GitHub with the job's token.
 */
export const CURATE_WORKFLOW = `name: socialcal curate
on:
  schedule:
    - cron: '17 6 * * *'
  workflow_dispatch:
concurrency:
  group: socialcal-curate
  cancel-in-progress: false
permissions:
  contents: write        # pushes the branch socialcal/curate only
  pull-requests: write   # opens the pull request
jobs:
  curate:
    runs-on: ubuntu-latest
    timeout-minutes: 10
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0   # the default branch and socialcal/curate, to continue it
${INSTALL_STEPS}      - name: Curate feeds into drafts and open a pull request
        env:
          # Pull requests opened with the workflow token do not start other workflows (GitHub's
          # rule); a token in the secret SOCIALCAL_TOKEN makes the check workflow run on them.
          GITHUB_TOKEN: \${{ secrets.SOCIALCAL_TOKEN || github.token }}
          DEFAULT_BRANCH: \${{ github.event.repository.default_branch }}
          GIT_AUTHOR_NAME: socialcal
          GIT_AUTHOR_EMAIL: socialcal@users.noreply.github.com
          GIT_COMMITTER_NAME: socialcal
          GIT_COMMITTER_EMAIL: socialcal@users.noreply.github.com
        run: |
          branch=socialcal/curate
          # Drafts waiting for review are on the branch with their record: continue it.
          if git rev-parse --verify --quiet "refs/remotes/origin/$branch" > /dev/null; then
            git checkout --quiet -B "$branch" "origin/$branch"
            git merge --quiet --no-edit "origin/$DEFAULT_BRANCH"
          else
            git checkout --quiet -B "$branch"
          fi
          set +e
          npx --no socialcal curate
          code=$?
          set -e
          git add -A posts
          if [ -d .socialcal ]; then git add -A .socialcal; fi
          if git diff --cached --quiet; then
            echo "No new drafts."
            exit $code
          fi
          git commit --quiet -m "Curated drafts from feeds"
          git push --quiet origin "HEAD:refs/heads/$branch"
          api="\${GITHUB_API_URL:-https://api.github.com}/repos/$GITHUB_REPOSITORY/pulls"
          open=$(curl -fsS -H "Authorization: Bearer $GITHUB_TOKEN" -H "Accept: application/vnd.github+json" "$api?state=open&head=\${GITHUB_REPOSITORY%%/*}:$branch")
          if ! printf '%s' "$open" | grep -q '"number"'; then
            curl -fsS -X POST -H "Authorization: Bearer $GITHUB_TOKEN" -H "Accept: application/vnd.github+json" "$api" \\
              -d "{\\"title\\":\\"Curated drafts from feeds\\",\\"head\\":\\"$branch\\",\\"base\\":\\"$DEFAULT_BRANCH\\",\\"body\\":\\"New feed entries as draft posts. Edit each one, set status: ready or delete its file (keep its line in .socialcal/curated.yaml so it is not proposed again), then merge.\\"}" > /dev/null
          fi
          exit $code
`;
