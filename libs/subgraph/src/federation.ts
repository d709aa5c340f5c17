/** The Federation v2 link every subgraph schema starts with. */
export const federationLink = /* GraphQL */ `
  extend schema
    @link(
      url: "https://specs.apollo.dev/federation/v2.7"
      import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible"]
    )
`;
