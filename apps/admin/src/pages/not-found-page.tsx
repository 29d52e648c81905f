import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <>
      <h1 className="mb-3 text-2xl font-bold">Page not found</h1>
      <Link to="/bookings" className="text-amber-900 underline">
        Go to bookings
      </Link>
    </>
  );
}
