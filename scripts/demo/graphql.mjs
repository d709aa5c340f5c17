/** A GraphQL caller of the gateway holding one development token; any error stops the demo. */
export function gatewayCaller(gatewayUrl, token) {
  return async function call(query, variables = {}) {
    const response = await fetch(`${gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = await response.json();
    if (body.errors?.length) {
      const operation = /\{\s*(\w+)/.exec(query)?.[1] ?? 'request';
      throw new Error(`${operation}: ${body.errors.map((error) => error.message).join('; ')}`);
    }
    return body.data;
  };
}

/** Retries what depends on another service having caught up with events (at most 60 s). */
export async function eventually(attempt) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
