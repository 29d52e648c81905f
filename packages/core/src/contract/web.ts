import { z } from 'zod';
import { access, defineRoute, rawResponse } from './define-route.ts';

/** The customer site's pages: its index.html, whatever the client-side route (hidden). */
const page = (path: `/${string}`, summary: string) =>
  defineRoute({
    method: 'GET',
    path,
    tags: ['web'],
    summary,
    hide: true,
    responses: { 200: rawResponse('text/html', z.string(), 'The customer single-page app.') },
    access: access.public,
  });

export const webContract = {
  home: page('/', 'Customer site: home'),
  menu: page('/menu', 'Customer site: menu'),
  quote: page('/quote', 'Customer site: quote'),
  book: page('/book', 'Customer site: booking wizard'),
  bookStep: page('/book/:step', 'Customer site: a step of the booking wizard'),
  bookHold: page('/book/hold/:id', 'Customer site: finish a hold from its link'),
  manage: page('/manage/:id', 'Customer site: manage a booking'),
};
