/**
 * The catalogue of error codes on the wire. Codes are stable: clients and tests match on
 * them. Add codes; never rename or reuse one.
 */
export const errorCatalogue = {
  VALIDATION_FAILED: { status: 400, message: 'Some of the information sent is not valid.' },
  INVALID_JSON: { status: 400, message: 'The request body is not valid JSON.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send the request body as application/json.' },
  BAD_URL: { status: 400, message: 'The address of this request is malformed.' },
  URI_TOO_LONG: { status: 414, message: 'The address of this request is too long.' },
  UNAUTHORIZED: { status: 401, message: 'Sign in or provide a valid access token.' },
  FORBIDDEN: { status: 403, message: 'You are not allowed to do this.' },
  NOT_FOUND: { status: 404, message: 'Not found.' },
  ROUTE_NOT_FOUND: { status: 404, message: 'There is no such endpoint.' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'This method is not allowed here.' },
  RATE_LIMITED: { status: 429, message: 'Too many requests. Please wait a moment and try again.' },
  ZIP_NOT_FOUND: { status: 422, message: 'We could not find that ZIP code.' },
  PROTEIN_PICKS_MISMATCH: { status: 422, message: 'The protein picks do not add up.' },
  NO_GUESTS: { status: 422, message: 'A party needs at least one guest.' },
  STATION_NOT_FOUND: { status: 404, message: 'That location does not exist.' },
  QUOTE_NOT_FOUND: { status: 404, message: 'That quote does not exist.' },
  QUOTE_EXPIRED: { status: 409, message: 'This quote is too old; please get a new one.' },
  OUTSIDE_SERVICE_AREA: {
    status: 422,
    message: 'This address is beyond our service radius; our team will contact you.',
  },
  DATE_RANGE_TOO_LONG: { status: 400, message: 'The date range is too long.' },
  INVALID_DATE_RANGE: { status: 400, message: 'The end date is before the start date.' },
  TOO_SOON: {
    status: 422,
    message: 'Events need at least 48 hours of notice; our team can help with short notice.',
  },
  TOO_FAR: { status: 422, message: 'We take bookings up to 365 days ahead.' },
  DATE_IN_PAST: { status: 422, message: 'That date is in the past.' },
  REQUESTED_TIME_OUTSIDE_SLOT: {
    status: 422,
    message: 'The requested time must be within 60 minutes of the slot time.',
  },
  SLOT_UNAVAILABLE: { status: 409, message: 'That time slot is not available on that date.' },
  SLOT_FULL: {
    status: 409,
    message:
      'Sorry, that time slot was just taken. Please choose another one; we saved your details.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    message: 'This idempotency key was already used for a different request.',
  },
  HOLD_NOT_FOUND: { status: 404, message: 'That reservation hold does not exist.' },
  HOLD_EXPIRED: { status: 409, message: 'This hold expired and the time slot was released.' },
  HOLD_NOT_SIGNABLE: { status: 409, message: 'This hold cannot be signed in its current state.' },
  HOLD_NOT_PAYABLE: { status: 409, message: 'The agreement must be signed before the deposit.' },
  HOLD_ALREADY_CONVERTED: { status: 409, message: 'This hold is already a booking.' },
  HOLD_RELEASED: { status: 409, message: 'This hold was released.' },
  BOOKING_NOT_FOUND: { status: 404, message: 'That booking does not exist.' },
  VERSION_CONFLICT: { status: 409, message: 'Someone else changed this; reload it and try again.' },
  SETTINGS_VERSION_CONFLICT: {
    status: 409,
    message: 'The settings were changed by someone else; reload and try again.',
  },
  BOOKING_VERSION_CONFLICT: {
    status: 409,
    message: 'The booking was changed by someone else; reload and try again.',
  },
  INVALID_TRANSITION: { status: 409, message: 'The booking cannot change to that status now.' },
  GUEST_CHANGE_CLOSED: {
    status: 409,
    message: 'The guest count is final 24 hours before the event.',
  },
  MENU_CHANGE_CLOSED: {
    status: 409,
    message: 'The menu can be changed until 12 hours before the event.',
  },
  RESCHEDULE_NOT_ALLOWED: { status: 409, message: 'This booking cannot be rescheduled.' },
  RESCHEDULE_FEE_NOT_ACCEPTED: {
    status: 409,
    message: 'Rescheduling now has a fee; confirm that you accept it.',
  },
  CANCEL_NOT_ALLOWED: { status: 409, message: 'This booking cannot be cancelled.' },
  PAYMENT_NOT_FOUND: { status: 404, message: 'That payment does not exist.' },
  PAYMENT_NOT_PENDING: { status: 409, message: 'That payment is not waiting for confirmation.' },
  DEPOSIT_ALREADY_RECORDED: {
    status: 409,
    message: 'A deposit is already recorded for this booking.',
  },
  CARD_PAYMENTS_UNAVAILABLE: {
    status: 422,
    message: 'Card payments are not available; choose Zelle, Venmo or cash.',
  },
  PAYMENT_PROVIDER_NOT_CONFIGURED: {
    status: 404,
    message: 'This payment provider is not configured.',
  },
  PAYMENT_PROVIDER_FAILED: {
    status: 502,
    message: 'The payment provider did not answer; please try again.',
  },
  WEBHOOK_SIGNATURE_INVALID: { status: 400, message: 'The webhook signature is not valid.' },
  NOTHING_TO_PAY: { status: 409, message: 'There is nothing left to pay on this booking.' },
  DISTANCE_PROVIDER_FAILED: { status: 502, message: 'The distance service did not answer.' },
  NOT_AVAILABLE_IN_PRODUCTION: { status: 404, message: 'There is no such endpoint.' },
  SERVICE_UNAVAILABLE: {
    status: 503,
    message: 'The service is starting or stopping; try again shortly.',
  },
  INTERNAL: { status: 500, message: 'Something went wrong on our side. Please try again.' },
  // Staff security (issue F3).
  INVALID_CREDENTIALS: { status: 401, message: 'The email or password is not correct.' },
  TWO_FACTOR_REQUIRED: {
    status: 401,
    message: 'Enter the code from your authenticator app or a backup code.',
  },
  TWO_FACTOR_INVALID: { status: 401, message: 'That two-factor code is not valid.' },
  ACCOUNT_LOCKED: {
    status: 423,
    message: 'Too many failed sign-in attempts. Try again in 15 minutes.',
  },
  CSRF_INVALID: { status: 403, message: 'The security token of this request is missing or wrong.' },
  TOKEN_INVALID: { status: 400, message: 'This link is invalid, expired or was already used.' },
  TWO_FACTOR_ALREADY_ENABLED: { status: 409, message: 'Two-factor sign-in is already enabled.' },
  TWO_FACTOR_NOT_PENDING: {
    status: 409,
    message: 'Start two-factor enrolment before confirming it.',
  },
  TWO_FACTOR_NOT_ENABLED: { status: 409, message: 'Two-factor sign-in is not enabled.' },
  STAFF_NOT_FOUND: { status: 404, message: 'That staff member does not exist.' },
  STAFF_EMAIL_TAKEN: { status: 409, message: 'A staff member with this email already exists.' },
  ROLE_NOT_GRANTABLE: { status: 403, message: 'You cannot grant or change this role.' },
  API_KEY_NOT_FOUND: { status: 404, message: 'That API key does not exist.' },
  API_KEY_REVOKED: { status: 409, message: 'That API key is already revoked.' },
  // Assistant channels and inbox (issue F4).
  SMS_WEBHOOK_TOKEN_INVALID: {
    status: 401,
    message: 'The webhook verification token is missing or wrong.',
  },
  CONVERSATION_NOT_FOUND: { status: 404, message: 'That conversation does not exist.' },
  CONVERSATION_NOT_TAKEN_OVER: {
    status: 409,
    message: 'Take the conversation over before replying or handing it back.',
  },
  RECIPIENT_OPTED_OUT: { status: 409, message: 'This number has opted out of text messages.' },
  // Agreements and booking documents (issue F2).
  AGREEMENT_CHANGED: {
    status: 409,
    message: 'The agreement text changed while you were reading it; please review it again.',
  },
  AGREEMENT_NOT_FOUND: { status: 404, message: 'No signed agreement exists for this booking.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
  requestId: string;
}
