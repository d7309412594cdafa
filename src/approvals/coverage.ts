// Do the approvers cover the roles a change needs? Pure: team members are looked up by the caller.

export interface RoleMember {
  kind: 'user' | 'team';
  /** A login, or "org/team-slug". */
  name: string;
}

export interface RoleCoverage {
  role: string;
  /** Posts that need the role. */
  posts: string[];
  /** Approvers who hold the role (empty when missing). */
  by: string[];
  /** Who could approve for it, as configured. */
  members: string[];
}

export interface Coverage {
  covered: RoleCoverage[];
  missing: RoleCoverage[];
}

/** "dana", "@dana" → user dana; "@acme/marketing", "acme/marketing" → team acme/marketing. */
export function parseMember(entry: string): RoleMember {
  const name = entry.trim().replace(/^@/, '');
  return name.includes('/') ? { kind: 'team', name } : { kind: 'user', name };
}

/** Teams that must be looked up: those of needed roles that no approving user covers directly. */
export function teamsToLookUp(needed: string[], roles: Record<string, string[]>, approvers: string[]): string[] {
  const logins = new Set(approvers.map((a) => a.toLowerCase()));
  const teams = new Set<string>();
  for (const role of needed) {
    const members = (roles[role] ?? []).map(parseMember);
    if (members.some((m) => m.kind === 'user' && logins.has(m.name.toLowerCase()))) continue;
    for (const m of members) if (m.kind === 'team') teams.add(m.name);
  }
  return [...teams].sort();
}

export function coverage(
  needed: Map<string, string[]>,
  roles: Record<string, string[]>,
  approvers: string[],
  teamMembers: Map<string, string[]>,
): Coverage {
  const out: Coverage = { covered: [], missing: [] };
  for (const role of [...needed.keys()].sort()) {
    const members = (roles[role] ?? []).map(parseMember);
    const by = approvers.filter((login) =>
      members.some((m) =>
        m.kind === 'user'
          ? m.name.toLowerCase() === login.toLowerCase()
          : (teamMembers.get(m.name) ?? []).some((t) => t.toLowerCase() === login.toLowerCase()),
      ),
    );
    const entry: RoleCoverage = { role, posts: needed.get(role) ?? [], by, members: members.map((m) => (m.kind === 'team' ? `@${m.name}` : m.name)) };
    (by.length ? out.covered : out.missing).push(entry);
  }
  return out;
}
