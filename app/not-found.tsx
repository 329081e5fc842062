import { Link } from "@/components/ui/link";

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-md flex-col items-center justify-center gap-3 p-8 text-center">
      <p className="text-sm font-semibold text-brand-600">404</p>
      <h1 className="text-2xl font-semibold text-slate-900">Not found</h1>
      <p className="text-slate-600">There is nothing at this address. It may have been deleted.</p>
      <Link href="/webhooks" className="text-brand-700 underline">
        Back to webhooks
      </Link>
    </main>
  );
}
