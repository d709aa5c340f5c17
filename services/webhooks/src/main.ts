// Wiring only: filled in by the webhooks work of issue 5.
export {};
