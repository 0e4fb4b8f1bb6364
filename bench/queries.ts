import autocannon from "autocannon";

const HEADLINE =
  "query ($id: ID!) { auditJob(id: $id) { summary { totalFactories totalEmissionsKg totalAlerts factoriesOverCap } violatorsBySector(first: 10) { sector count violators { factoryId totalEmissionsKg firstExceededMonth } } } }";

/** Requests per second of one GraphQL POST, from loopback, fixed connections and duration. */
async function requestsPerSecond(url: string, body: object, seconds: number): Promise<number> {
  const result = await autocannon({
    url: `${url}/graphql`,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    connections: 10,
    duration: seconds,
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`load test saw ${result.non2xx} non-2xx and ${result.errors} errors`);
  return result.requests.average;
}

export async function queryThroughput(
  url: string,
  jobId: string,
  seconds = 5,
): Promise<{ trivial: number; headline: number }> {
  await requestsPerSecond(url, { query: "{ __typename }" }, 1); // warm-up
  const trivial = await requestsPerSecond(url, { query: "{ __typename }" }, seconds);
  const headline = await requestsPerSecond(
    url,
    { query: HEADLINE, variables: { id: jobId } },
    seconds,
  );
  return { trivial, headline };
}
