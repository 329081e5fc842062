import { Skeleton } from "@/components/ui/skeleton";

/** What a page shows while its data loads. */
export function PageSkeleton() {
  return (
    <div role="status" aria-label="Loading" className="space-y-4">
      <Skeleton className="h-8 w-64 max-w-full" />
      <Skeleton className="h-4 w-96 max-w-full" />
      <Skeleton className="h-72 w-full" />
    </div>
  );
}
