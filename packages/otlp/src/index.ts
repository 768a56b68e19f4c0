// Export list only (DESIGN §3).
export {};
