export const API_BASE_URL = '';
export const BRAND = { name: null, color: null, logoUrl: null };
