// Wiring only: filled in by the service issue.
export {};
