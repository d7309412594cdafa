// Feeds for curate tests: RSS 2.0 and Atom as publishers write them.

export function rss(items: { title: string; link: string; guid?: string; date?: string; description?: string }[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Acme blog</title><link>https://acme.example/blog</link><description>Blog</description>
${items
  .map(
    (i) => `<item><title>${i.title}</title><link>${i.link}</link>${i.guid ? `<guid isPermaLink="false">${i.guid}</guid>` : ''}${i.date ? `<pubDate>${i.date}</pubDate>` : ''}${i.description ? `<description>${i.description}</description>` : ''}</item>`,
  )
  .join('\n')}
</channel></rss>
`;
}

export function atom(entries: { title: string; href: string; id: string; updated: string; summary?: string }[]): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Acme releases</title><id>urn:acme:releases</id><updated>2027-01-10T00:00:00Z</updated>
${entries.map((e) => `<entry><title>${e.title}</title><link rel="alternate" href="${e.href}"/><id>${e.id}</id><updated>${e.updated}</updated>${e.summary ? `<summary type="html">${e.summary}</summary>` : ''}</entry>`).join('\n')}
</feed>
`;
}
