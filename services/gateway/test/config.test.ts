import { ConfigError } from '@lexfin/platform';
import { parseSubgraphUrls } from '../src/config';

describe('GATEWAY_SUBGRAPH_URLS', () => {
  it('maps each subgraph to where it runs in this environment', () => {
    expect(
      parseSubgraphUrls(
        'billing=http://billing:4001/graphql, trust-accounting=http://trust:4002/graphql',
      ),
    ).toEqual({
      billing: 'http://billing:4001/graphql',
      'trust-accounting': 'http://trust:4002/graphql',
    });
    expect(parseSubgraphUrls('')).toEqual({});
  });

  it('refuses an entry that is not name=url with a configuration error naming it', () => {
    expect(() => parseSubgraphUrls('billing')).toThrow(ConfigError);
    expect(() => parseSubgraphUrls('billing=not a url')).toThrow(
      /"billing=not a url" must be name=url/,
    );
  });
});
