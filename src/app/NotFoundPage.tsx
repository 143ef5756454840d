import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <div className="error-panel" role="alert">
      <h2>Page not found</h2>
      <p>
        <Link to="/">Back to the start page</Link>
      </p>
    </div>
  );
}
