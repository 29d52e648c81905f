import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <>
      <h1 className="mb-3 text-2xl font-bold">Page not found</h1>
      <p>
        <Link to="/" className="underline">
          Back to the home page
        </Link>
      </p>
    </>
  );
}
