import { inject } from "vitest";
import { TEST_ENV } from "./test-env";

Object.assign(process.env, TEST_ENV, {
  DATABASE_URL: `${inject("pgServerUrl")}/hookyard_template`,
});
