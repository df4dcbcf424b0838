/** Build-time settings (Vite's import.meta.env: the VITE_* variables of the environment the build ran in), read in this one place. */
export const API_BASE_URL: string = import.meta.env.VITE_API_URL ?? '';

/** The host app's brand: its name, colour (#rrggbb) and logo, each optional (README, "Brand"). */
export const BRAND = {
  name: import.meta.env.VITE_BRAND_NAME || null,
  color: import.meta.env.VITE_BRAND_COLOR || null,
  logoUrl: import.meta.env.VITE_BRAND_LOGO_URL || null,
} as { name: string | null; color: string | null; logoUrl: string | null };
