/** Fixed settings for tests only; never used by a running console. */
export const TEST_ENV = {
  HOOKYARD_ENCRYPTION_KEY: "0".repeat(63) + "1",
  AUTH_SECRET: "test-auth-secret-test-auth-secret-0123456789",
};
