import { Link, NavLink, Outlet, useNavigation } from 'react-router';
import { useSettings } from '../settings.ts';
import { ChatWidget } from './chat/chat-widget.tsx';

const navClass = ({ isActive }: { isActive: boolean }) =>
  `rounded px-2 py-1 ${isActive ? 'bg-amber-100 font-semibold text-amber-900' : 'hover:underline'}`;

export function Layout() {
  const navigation = useNavigation();
  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2"
      >
        Skip to content
      </a>
      <header className="border-b border-stone-200 bg-white">
        <div className="mx-auto flex max-w-3xl flex-wrap items-center justify-between gap-2 px-4 py-3">
          <Link to="/" className="text-xl font-bold text-amber-800">
            Teppan
          </Link>
          <nav aria-label="Main">
            <ul className="flex flex-wrap gap-1 text-sm">
              <li>
                <NavLink to="/menu" className={navClass}>
                  Menu &amp; policies
                </NavLink>
              </li>
              <li>
                <NavLink to="/quote" className={navClass}>
                  Get a quote
                </NavLink>
              </li>
              <li>
                <NavLink to="/book/venue" className={navClass}>
                  Book
                </NavLink>
              </li>
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-3xl flex-1 px-4 py-6">
        {navigation.state === 'loading' ? (
          <p role="status" className="mb-4 text-sm text-stone-600">
            Loading…
          </p>
        ) : null}
        <Outlet />
      </main>
      <Footer />
      <ChatWidget />
    </div>
  );
}

/** Whom to call and where we are (issue F7): the station's contact from its settings. */
function Footer() {
  const contact = useSettings().data?.published.contact;
  return (
    <footer className="border-t border-stone-200 bg-white px-4 py-4 text-center text-sm text-stone-600">
      {contact ? (
        <address className="not-italic" data-testid="site-contact">
          <p className="font-semibold text-stone-800">{contact.name}</p>
          <p>
            <a href={`tel:${contact.phone.replace(/[^\d+]/g, '')}`} className="underline">
              {contact.phone}
            </a>
            {' · '}
            <a href={`mailto:${contact.email}`} className="underline">
              {contact.email}
            </a>
          </p>
          <p>{contact.postalAddress}</p>
        </address>
      ) : (
        <p>Teppan private hibachi catering</p>
      )}
    </footer>
  );
}
