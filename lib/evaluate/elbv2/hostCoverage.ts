// Does a TLS certificate cover the host names an ALB rule routes? Pure functions over names.
//
// Rule patterns (host-header condition values) may use `*` (0 or more characters) and `?`
// (exactly one character). A pattern is covered only if every host it can match is covered.
// Here a rule wildcard is taken to stay within one DNS label (`*.example.com` stands for
// `a.example.com`, not `a.b.example.com`), the way such rules are meant; spanning labels would
// make `*.example.com` uncoverable by any certificate.
//
// Certificate names follow RFC 6125: a `*` that is the whole leftmost label covers exactly one
// label (`*.example.com` covers `a.example.com`, not `a.b.example.com` nor `example.com`). Any
// other `*` in a certificate name is taken literally (ACM issues no partial wildcards).

const labelsOf = (name: string): string[] =>
  name.trim().toLowerCase().replace(/\.$/, '').split('.');

const hasWildcard = (label: string): boolean => label.includes('*') || label.includes('?');

/** True when the certificate name (DomainName or a SAN) covers every host the pattern matches. */
export const certificateNameCovers = (certificateName: string, hostPattern: string): boolean => {
  const cert = labelsOf(certificateName);
  const host = labelsOf(hostPattern);
  if (cert.length !== host.length || host.some((label) => label === '')) return false;
  return host.every((label, i) => {
    if (i === 0 && cert[0] === '*' && cert.length > 1) return true;
    return !hasWildcard(label) && label === cert[i];
  });
};

/** True when some certificate name covers the pattern. */
export const isHostCovered = (hostPattern: string, certificateNames: readonly string[]): boolean =>
  certificateNames.some((name) => certificateNameCovers(name, hostPattern));

/** The patterns no certificate name covers, de-duplicated case-insensitively, in input order. */
export const uncoveredHosts = (
  hostPatterns: readonly string[],
  certificateNames: readonly string[],
): string[] => {
  const seen = new Set<string>();
  return hostPatterns.filter((pattern) => {
    const key = pattern.trim().toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return !isHostCovered(pattern, certificateNames);
  });
};
