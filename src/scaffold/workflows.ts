// GitHub Actions workflows written by `socialcal init`.

/** Checks every pull request: annotations inline, no secrets needed, so fork PRs are safe. */
export const CHECK_WORKFLOW = `name: socialcal check
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
      - uses: actions/setup-node@v4
        with:
          node-version: 24
      - run: npm install --no-save socialcal
      - run: npx socialcal check --format github
`;

/** Publishes due posts every 15 minutes; one run at a time; ledger pushed to its own branch. */
export const PUBLISH_WORKFLOW = `name: socialcal publish
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
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 1
      - uses: actions/setup-node@v4
        with:
          node-version: 24
      - run: npm install --no-save socialcal
      - run: npx socialcal publish
        env:
          GIT_AUTHOR_NAME: socialcal
          GIT_AUTHOR_EMAIL: socialcal@users.noreply.github.com
          BLUESKY_HANDLE: \${{ secrets.BLUESKY_HANDLE }}
          BLUESKY_APP_PASSWORD: \${{ secrets.BLUESKY_APP_PASSWORD }}
          MASTODON_TOKEN: \${{ secrets.MASTODON_TOKEN }}
          DISCORD_WEBHOOK_URL: \${{ secrets.DISCORD_WEBHOOK_URL }}
`;
