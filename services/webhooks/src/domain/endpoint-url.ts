/** Why a URL cannot be a webhook endpoint, or the parsed URL. */
export function parseEndpointUrl(text: string): { url: URL } | { problem: string } {
  if (!URL.canParse(text)) return { problem: 'must be an absolute http(s) URL' };
  const url = new URL(text);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { problem: 'must be an http or https URL' };
  }
  // Credentials in a URL end up in logs and screens; receivers authenticate us by the signature.
  if (url.username !== '' || url.password !== '') {
    return { problem: 'must not carry a user name or password' };
  }
  if (url.hash !== '') return { problem: 'must not have a #fragment' };
  return { url };
}

/** The host as the resolver and the address policy want it: IPv6 literals without brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}
