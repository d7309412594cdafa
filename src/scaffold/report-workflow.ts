// The weekly report workflow `socialcal init` writes: the week's scorecard as Markdown in the
// job summary. Read-only: it fetches the ledger branch (the metrics history) with the workflow
// token for that one fetch, so no credential stays in .git/config.

import { INSTALL_STEPS } from './workflows.js';

export const REPORT_WORKFLOW = `name: socialcal weekly report
on:
  schedule:
    - cron: '0 7 * * 1'   # Mondays 07:00 UTC
  workflow_dispatch:
permissions:
  contents: read
jobs:
  report:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: false
${INSTALL_STEPS}      - name: Fetch the metrics history (ledger branch)
        env:
          FETCH_TOKEN: \${{ github.token }}
        run: |
          auth=$(printf 'x-access-token:%s' "$FETCH_TOKEN" | base64 | tr -d '\\n')
          git -c "http.extraheader=AUTHORIZATION: basic $auth" fetch --no-tags --depth=1 origin "+refs/heads/socialcal-ledger:refs/remotes/origin/socialcal-ledger" \\
            || echo "no ledger branch yet: the report will say there is nothing measured"
      - name: socialcal report
        run: npx --no socialcal report --last 7d --format markdown >> "$GITHUB_STEP_SUMMARY"
`;
