// Wiring only: filled in by the gateway work of issue 5.
export {};
