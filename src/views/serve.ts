// What `serve` prints when it starts: where to open it, and how to stop.

export function serveText(info: { url: string; root: string; github: boolean }): string {
  return [
    `socialcal serve: the calendar in ${info.root}`,
    `  open ${info.url}`,
    '  (the link carries this run\'s token; only this computer can reach it)',
    info.github ? '  GITHUB_TOKEN is set: the change bar can open pull requests' : '  set GITHUB_TOKEN before starting to open pull requests from the change bar',
    '  Ctrl+C stops the server',
    '',
  ].join('\n');
}
