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
  ON_MY_WAY_NOT_ALLOWED: {
    status: 409,
    message: 'Only a confirmed booking with an assigned chef can send “on my way”.',
  },
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
  PAYMENT_AMOUNT_MISMATCH: {
    status: 409,
    message: 'The amount does not match what this booking expects.',
  },
  PAYMENT_EXCEEDS_BALANCE: {
    status: 409,
    message: 'The amount is more than this booking owes or can refund.',
  },
  DEPOSIT_ALREADY_RECORDED: {
    status: 409,
    message: 'A deposit is already recorded for this booking.',
  },
  CARD_PAYMENTS_UNAVAILABLE: {
    status: 422,
    message: 'Card payments are not available; choose Zelle, Venmo or cash.',
  },
  PAYMENT_METHOD_UNAVAILABLE: {
    status: 422,
    message: 'This payment method is not set up for this location; choose another one or call us.',
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
  // A bound on the database ran out (pool checkout, statement or lock timeout): never a hang.
  DATABASE_TIMEOUT: {
    status: 503,
    message: 'We are very busy and could not finish this in time. Please try again in a moment.',
  },
  DATABASE_UNAVAILABLE: {
    status: 503,
    message: 'Our database is unavailable right now. Please try again shortly.',
  },
  CONVERSATION_BUSY: {
    status: 409,
    message:
      'The assistant is still answering an earlier message in this conversation. Please send yours again in a moment.',
  },
  INTERNAL: { status: 500, message: 'Something went wrong on our side. Please try again.' },
  // Staff security (issue F3).
  INVALID_CREDENTIALS: { status: 401, message: 'The email or password is not correct.' },
  TWO_FACTOR_REQUIRED: {
    status: 401,
    message: 'Enter the code from your authenticator app or a backup code.',
  },
  TWO_FACTOR_INVALID: { status: 401, message: 'That two-factor code is not valid.' },
  // The same answer whether or not the account exists (ADR 0017); details.lockedUntil says when.
  ACCOUNT_LOCKED: {
    status: 423,
    message: 'Too many failed sign-in attempts from this address. Wait a while and try again.',
  },
  TWO_FACTOR_ENROLMENT_REQUIRED: {
    status: 403,
    message: 'Your role requires two-factor sign-in. Set it up before doing anything else.',
  },
  PASSWORD_INCORRECT: { status: 403, message: 'That password is not correct.' },
  RESET_LINK_SUPERSEDED: {
    status: 410,
    message: 'A newer password reset link was sent. Use the link in the latest email.',
  },
  INVITATION_REVOKED: {
    status: 410,
    message: 'This invitation was withdrawn. Ask an admin to invite you again.',
  },
  INVITATION_NOT_FOUND: { status: 404, message: 'That invitation does not exist.' },
  INVITATION_CLOSED: {
    status: 409,
    message: 'This invitation was already accepted, withdrawn or has expired.',
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
  API_KEY_SCOPE_MISSING: {
    status: 403,
    message: 'This API key is not allowed to do that: its scopes do not include this action.',
  },
  API_KEY_SCOPE_NOT_GRANTABLE: {
    status: 403,
    message: 'You cannot give an API key a scope that your own role does not have.',
  },
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
  // CRM: customers and the leads pipeline (issue F3).
  CUSTOMER_NOT_FOUND: { status: 404, message: 'That customer does not exist.' },
  LEAD_NOT_FOUND: { status: 404, message: 'That lead does not exist.' },
  LEAD_VERSION_CONFLICT: {
    status: 409,
    message: 'Someone else saved this lead first; review their changes and try again.',
  },
  LEAD_TRANSITION_INVALID: {
    status: 409,
    message: 'The lead cannot move to that status from its current one.',
  },
  LEAD_LOST_REASON_REQUIRED: { status: 422, message: 'Say why the lead was lost.' },
  LEAD_CONTACT_REQUIRED: { status: 422, message: 'A lead needs an email or a phone number.' },
  LEAD_OWNER_INVALID: {
    status: 422,
    message: "The owner must be an active staff member of the lead's station.",
  },
  LEAD_ALREADY_CONVERTED: { status: 409, message: 'This lead is already converted.' },
  LEAD_HOLD_ACTIVE: {
    status: 409,
    message: 'This lead already has a hold waiting for the customer; send them its link.',
  },
  LEAD_CUSTOMER_MISMATCH: {
    status: 409,
    message: 'That booking belongs to another customer; confirm to link it anyway.',
  },
  LEAD_BOOKING_STATION_MISMATCH: {
    status: 409,
    message: "That booking belongs to another station than the lead's.",
  },
  LEAD_BOOKING_CANCELLED: { status: 409, message: 'A cancelled booking cannot convert a lead.' },
  LEAD_BOOKING_ALREADY_LINKED: {
    status: 409,
    message: 'That booking already converted another lead.',
  },
  // Chefs, schedules, time off and assignments (issue F3).
  CHEF_NOT_FOUND: { status: 404, message: 'That chef does not exist.' },
  CHEF_VERSION_CONFLICT: {
    status: 409,
    message:
      'Someone else saved this chef first. Nothing of yours was saved: review it and try again.',
  },
  CHEF_SCHEDULE_CONFLICT: {
    status: 409,
    message: 'This change would leave booked events without a chef; reassign them first.',
  },
  TIME_OFF_NOT_FOUND: { status: 404, message: 'That time-off request does not exist.' },
  TIME_OFF_ALREADY_DECIDED: { status: 409, message: 'This time-off request was already decided.' },
  TIME_OFF_IN_PAST: { status: 422, message: 'Time off must start today or later.' },
  CHEF_UNAVAILABLE: { status: 409, message: 'That chef is not available for this event.' },
  CHEF_DOUBLE_BOOKED: {
    status: 409,
    message: 'That chef already cooks another event at the same date and time.',
  },
  CHEF_ASSIGNMENT_CLOSED: {
    status: 409,
    message: 'Chefs cannot be changed on a cancelled or finished event.',
  },
  // Settings with a second admin's approval, stations, blackout dates and caps (issue F3).
  SETTINGS_CHANGE_NOT_FOUND: {
    status: 404,
    message: 'That settings change request does not exist.',
  },
  SETTINGS_SELF_APPROVAL: {
    status: 409,
    message: 'Another admin must decide on this change; you proposed it (you may withdraw it).',
  },
  SETTINGS_CHANGE_NOT_PENDING: {
    status: 409,
    message: 'This settings change was already decided or withdrawn.',
  },
  SETTINGS_CHANGE_STALE: {
    status: 409,
    message:
      'The settings changed since this request was made; propose it again on the current version.',
  },
  SETTINGS_NOT_PROPOSER: {
    status: 409,
    message: 'Only the admin who proposed this change can withdraw it.',
  },
  SETTINGS_UNCHANGED: {
    status: 422,
    message: 'Nothing differs from the settings in force.',
  },
  STATION_CODE_TAKEN: { status: 409, message: 'Another station already uses that code.' },
  STATION_VERSION_CONFLICT: {
    status: 409,
    message: 'The station was changed by someone else; reload it and try again.',
  },
  DATE_OVERRIDE_NOT_FOUND: {
    status: 404,
    message: 'That blackout or capacity cap does not exist.',
  },
  DATE_OVERRIDE_IN_PAST: { status: 422, message: 'Blackouts and caps apply to today or later.' },
  DATE_OVERRIDE_OVERBOOKED: {
    status: 409,
    message:
      'This would leave more bookings and holds than places; confirm that staff will handle them.',
  },
  // Offline deposits with deadlines and caps on open holds (issue F5, SPEC §4).
  HOLD_LIMIT_REACHED: {
    status: 409,
    message:
      'You already have reservations in progress. Finish or release one of them, or call us to book more.',
  },
  DEPOSIT_DEADLINE_PASSED: {
    status: 409,
    message:
      'The deadline for the deposit has passed and the date is being released. If you already sent the payment, call us.',
  },
  DEPOSIT_REPORT_NOT_ALLOWED: {
    status: 409,
    message: 'This booking is not waiting for an offline deposit.',
  },
  DEPOSIT_REFERENCE_MISMATCH: {
    status: 422,
    message: 'That reference belongs to another booking; check the payment instructions.',
  },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
  requestId: string;
}
