// The class strings both apps' controls share. Tailwind finds each class by scanning this file,
// so every class name stays written out in full.

export const inputClass =
  'mt-1 block w-full rounded border border-stone-400 bg-white px-3 py-2 text-base aria-[invalid=true]:border-red-700';
export const buttonClass =
  'inline-flex items-center justify-center rounded bg-amber-800 px-4 py-2 font-semibold text-white hover:bg-amber-900 disabled:cursor-not-allowed disabled:bg-stone-400';
/** The customer site's secondary button: as wide as the primary one. */
export const secondaryButtonClass =
  'inline-flex items-center justify-center rounded border border-stone-400 bg-white px-4 py-2 font-semibold text-stone-900 hover:bg-stone-100 disabled:cursor-not-allowed disabled:opacity-60';
/** The admin's secondary button: narrower, for toolbars and list rows. */
export const compactSecondaryButtonClass =
  'inline-flex items-center justify-center rounded border border-stone-400 bg-white px-3 py-2 font-semibold text-stone-900 hover:bg-stone-100 disabled:cursor-not-allowed disabled:opacity-60';
export const dangerButtonClass =
  'inline-flex items-center justify-center rounded bg-red-800 px-4 py-2 font-semibold text-white hover:bg-red-900 disabled:cursor-not-allowed disabled:bg-stone-400';
