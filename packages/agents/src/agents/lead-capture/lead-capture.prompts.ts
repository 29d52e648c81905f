export const leadSaved =
  "Thanks, I've saved your details so our team can follow up. Would you like a quote or to check a date?";
