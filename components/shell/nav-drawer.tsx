"use client";

import { Menu, X } from "lucide-react";
import * as React from "react";
import { buttonVariants } from "@/components/ui/button";
import { Brand } from "./brand";
import { NavLinks } from "./nav-links";

const DRAWER_ID = "nav-drawer";

/**
 * Below `md`, where the sidebar does not fit: the top bar's Menu button and the mark, and the
 * drawer it opens with the nav and the account controls (`account`). The drawer is a modal
 * <dialog>, so the browser keeps focus inside it, closes it on Escape and hands focus back;
 * a click on a link or beside the drawer closes it too.
 */
export function NavDrawer({ isAdmin, account }: { isAdmin: boolean; account: React.ReactNode }) {
  const dialogRef = React.useRef<HTMLDialogElement>(null);
  const buttonRef = React.useRef<HTMLButtonElement>(null);
  const [open, setOpen] = React.useState(false);
  const close = React.useCallback(() => dialogRef.current?.close(), []);

  React.useEffect(() => {
    if (!open) return;
    // A window widened past `md` shows the sidebar; a modal left open there would keep the
    // page inert behind it.
    const wide = window.matchMedia("(min-width: 48rem)");
    const closeWhenWide = () => wide.matches && close();
    closeWhenWide();
    wide.addEventListener("change", closeWhenWide);
    // The page behind stays put while the drawer is scrolled or swiped.
    const root = document.documentElement;
    root.style.overflow = "hidden";
    return () => {
      wide.removeEventListener("change", closeWhenWide);
      root.style.overflow = "";
    };
  }, [open, close]);

  function show() {
    const dialog = dialogRef.current;
    if (!dialog) return;
    dialog.showModal();
    // Start where the person is: on the current page's link when it has one.
    dialog.querySelector<HTMLElement>('[aria-current="page"]')?.focus();
    setOpen(true);
  }

  return (
    <>
      <div className="flex items-center gap-2 md:hidden">
        <button
          ref={buttonRef}
          type="button"
          className={buttonVariants({ variant: "ghost", size: "sm", className: "-ml-2" })}
          aria-expanded={open}
          aria-controls={DRAWER_ID}
          onClick={show}
        >
          <Menu aria-hidden />
          Menu
        </button>
        <Brand />
      </div>
      <dialog
        id={DRAWER_ID}
        ref={dialogRef}
        aria-label="Menu"
        className="m-0 h-dvh max-h-none w-72 max-w-[calc(100vw-3rem)] border-r border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-black/40"
        onClose={() => {
          setOpen(false);
          buttonRef.current?.focus();
        }}
        onClick={(event) => {
          // The panel fills the dialog, so a click on the dialog itself is one on its
          // backdrop; a link's click navigates, and the drawer gets out of the way.
          const target = event.target as Element;
          if (target === event.currentTarget || target.closest("a")) close();
        }}
      >
        <div className="flex h-full flex-col gap-6 overflow-y-auto px-4 py-4">
          <div className="flex items-center justify-between gap-2">
            <Brand />
            <button
              type="button"
              className={buttonVariants({ variant: "ghost", size: "icon" })}
              aria-label="Close menu"
              onClick={close}
            >
              <X aria-hidden />
            </button>
          </div>
          <nav aria-label="Main">
            <NavLinks isAdmin={isAdmin} />
          </nav>
          <div className="mt-auto flex flex-wrap items-center gap-3 border-t border-slate-200 pt-4">
            {account}
          </div>
        </div>
      </dialog>
    </>
  );
}
