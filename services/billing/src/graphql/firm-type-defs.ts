import gql from 'graphql-tag';

/** The firm's own settings and lists: read by its staff, changed by its firm_admin. */
export const firmTypeDefs = gql`
  enum Weekday {
    MONDAY
    TUESDAY
    WEDNESDAY
    THURSDAY
    FRIDAY
    SATURDAY
    SUNDAY
  }

  type FirmSettings {
    "IANA name; business dates and the daily run (00:15) are in this zone."
    timeZone: String!
    defaultCurrency: String!
    workingDays: [Weekday!]!
    "ISO 3166-1 alpha-2: where the firm practises, for rules that depend on it."
    country: String
    "ISO 3166-2 subdivision of the country, e.g. US-CA."
    region: String
  }

  "Fields left out stay as they are; a country of null clears the region too."
  input FirmSettingsInput {
    timeZone: String
    defaultCurrency: String
    workingDays: [Weekday!]
    country: String
    region: String
  }

  type PracticeArea {
    id: ID!
    name: String!
    "A retired area takes no new matters; those that have it keep it."
    retired: Boolean!
  }

  extend type Query {
    firmSettings: FirmSettings!
    practiceAreas(includeRetired: Boolean): [PracticeArea!]!
  }

  extend type Mutation {
    updateFirmSettings(input: FirmSettingsInput!): FirmSettings!
    addPracticeArea(name: String!): PracticeArea!
    retirePracticeArea(id: ID!): PracticeArea!
  }
`;
