/** Leaving the app for another site (Whop's checkout). An object, so tests can watch it. */
export const navigation = {
  assign(url: string): void {
    window.location.assign(url);
  },
};
