import { Box, measureElement, Text, type DOMElement } from 'ink';
import { useEffect, useRef, useState } from 'react';
import type { DetailAccount, PostDetail } from '../calendar/detail.js';

// A post as each account will receive it: final text, length against the limit, media with
// alt text, publish state; then the findings in its file.

export interface PostViewProps {
  detail: PostDetail;
  /** Rows the view may use; taller posts scroll (from line `scroll`) instead of the terminal. */
  height?: number;
  scroll?: number;
  /** Told how many lines the post has beyond `height`. */
  onOverflow?: (lines: number) => void;
}

export function PostView({ detail, height, scroll = 0, onOverflow }: PostViewProps) {
  const ref = useRef<DOMElement>(null);
  const [content, setContent] = useState(0);
  useEffect(() => {
    if (!ref.current) return;
    const measured = measureElement(ref.current).height;
    if (measured !== content) setContent(measured);
    if (height !== undefined) onOverflow?.(Math.max(0, measured - (height - 1)));
  });
  if (height === undefined) return <PostBody detail={detail} innerRef={ref} />;
  // One row stays for the "more" line, so the frame never exceeds `height`.
  const room = Math.max(1, height - 1);
  const top = Math.min(scroll, Math.max(0, content - room));
  const below = Math.max(0, content - room - top);
  return (
    <Box flexDirection="column" height={height}>
      <Box flexDirection="column" height={room} overflow="hidden">
        <Box flexDirection="column" marginTop={-top} flexShrink={0}>
          <PostBody detail={detail} innerRef={ref} />
        </Box>
      </Box>
      <Text dimColor>{top || below ? `${top ? `↑ ${top} above · ` : ''}${below ? `↓ ${below} more lines · ` : ''}j/k or ↑↓ scroll` : ' '}</Text>
    </Box>
  );
}

function PostBody({ detail, innerRef }: { detail: PostDetail; innerRef: React.Ref<DOMElement> }) {
  return (
    <Box flexDirection="column" ref={innerRef} flexShrink={0}>
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
