import { Link } from "@/components/ui/link";
import { Webhook } from "lucide-react";

/** The Hookyard mark, a link home: at the top of the sidebar, the mobile top bar and the drawer. */
export function Brand() {
  return (
    <Link href="/" className="flex items-center gap-2 font-semibold text-brand-700">
      <Webhook aria-hidden className="size-6" />
      Hookyard
    </Link>
  );
}
