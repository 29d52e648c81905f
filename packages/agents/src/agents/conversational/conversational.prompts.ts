export type ChatterIntent = 'greeting' | 'thanks' | 'small_talk' | 'out_of_scope';

export const chatterReplies: Record<ChatterIntent, string> = {
  greeting:
    "Hi! I'm Teppan's assistant. I can price a hibachi party, check open dates, hold a date for you and answer menu or policy questions. What are you planning?",
  thanks: "You're welcome! Anything else I can help with?",
  small_talk:
    "I'm Teppan's virtual assistant: I can quote a party to the cent, check dates, hold one for you, or bring in a person from our team. What can I do for you?",
  out_of_scope:
    "I can only help with Teppan's hibachi parties: quotes, open dates, bookings, the menu and our policies. What would you like to know?",
};

/** The reply to an attempt to change the rules or prices (no discount asked). */
export const injectionRefusal =
  "I can't change how I work or our prices, but I'm happy to help with a quote, open dates, the menu or our policies.";
