export const askDate = 'Which date are you thinking of? I will check the open times.';
export const pastDate = 'That date has already passed. Which date did you mean?';
export const tooFarAhead =
  "That's further ahead than our calendar is open. Could you pick a closer date?";
export const offerHold = (open: string): string => `${open} Would you like me to hold one?`;
