/** Build-time settings (Vite's import.meta.env), read in this one place. */
export const API_BASE_URL: string = import.meta.env.VITE_API_URL ?? '';
