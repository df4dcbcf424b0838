/** The Whop account of the offline simulator: `npm run sim` and the API's embedded default use the same one. */
export const LOCAL_WHOP_ACCOUNT_ID = 'biz_LocalSimulator';
