import { Box, Text } from 'ink';
import type { DetailAccount, PostDetail } from '../calendar/detail.js';

// A post as each account will receive it: final text, length against the limit, media with
// alt text, publish state; then the findings in its file.

export function PostView({ detail }: { detail: PostDetail }) {
  return (
    <Box flexDirection="column">
      <Text bold>
        {detail.id} · {detail.local} {detail.timezone} · {detail.status}
      </Text>
      <Text dimColor>
        {detail.file}
        {detail.campaign ? ` · campaign ${detail.campaignName ?? detail.campaign}` : ''}
        {detail.tags.length ? ` · #${detail.tags.join(' #')}` : ''}
      </Text>
      {detail.accounts.map((account) => (
        <AccountPreview key={account.name} account={account} />
      ))}
      {detail.unknownChannels.length > 0 && <Text color="red">unknown accounts: {detail.unknownChannels.join(', ')}</Text>}
      <Box flexDirection="column" marginTop={1}>
        <Text bold>Findings</Text>
        {detail.findings.length === 0 && <Text dimColor>none</Text>}
        {detail.findings.map((f, i) => (
          <Text key={i} color={f.severity === 'error' ? 'red' : 'yellow'}>
            {f.severity} {f.where}: {f.message}
            {f.rule ? ` (${f.rule})` : ''}
          </Text>
        ))}
      </Box>
    </Box>
  );
}

export function AccountPreview({ account }: { account: DetailAccount }) {
  const state = account.publish ? `${account.publish.state}${account.publish.url ? ` ${account.publish.url}` : ''}` : 'not published';
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text>
        <Text bold color={account.color}>
          {account.name}
        </Text>{' '}
        ({account.platform}
        {account.handle ? ` ${account.handle}` : ''}) · {state}
      </Text>
      {account.items.map((item, i) => (
        <Box key={i} flexDirection="column" paddingLeft={2}>
          <Text>{item.text.trimEnd()}</Text>
          <Text color={item.over ? 'red' : 'gray'}>
            {i > 0 ? `thread ${i} · ` : ''}
            {item.length}/{item.limit}
            {item.over ? ' over the limit' : ''}
          </Text>
          {item.media.map((m) => (
            <Text key={m.file} color={m.alt ? undefined : 'yellow'}>
              media {m.file}
              {m.exists ? '' : ' (missing)'} — {m.alt ? `alt: ${m.alt}` : 'no alt text'}
            </Text>
          ))}
        </Box>
      ))}
    </Box>
  );
}
