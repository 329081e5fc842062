"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/actions/safe-action";
import { clearInbox, INBOX_NAME_RE } from "./inbox";

export const clearInboxAction = defineAction(
  "clearInbox",
  {
    schema: z.strictObject({ inbox: z.string().regex(INBOX_NAME_RE, "Not an inbox name") }),
    role: "editor",
  },
  async ({ inbox }, { db }) => {
    await clearInbox(db, inbox);
    revalidatePath(`/inbox/${inbox}`);
    revalidatePath("/inbox");
  },
);
