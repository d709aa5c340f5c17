export const firmId = '0b6f7a1e-3c2d-4e5f-8a9b-1c2d3e4f5a6b';
export const clientId = '9d8c7b6a-5f4e-4d3c-9b2a-0f1e2d3c4b5a';
export const matterId = '3e2d1c0b-9a8f-4e7d-a6c5-b4a392817065';
