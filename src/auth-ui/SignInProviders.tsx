import { useQuery } from '@tanstack/react-query';
import { fetchSignInProviders, providerStartUrl } from '../session/sign-in-api.ts';

/**
 * Single sign-on: one link per identity provider the gateway offers (`GET /api/auth/providers`), each
 * carrying `next`. Nothing at all when it offers none or does not have the address.
 */
export function SignInProviders({ next, note }: { next: string | undefined; note?: string }) {
  const { data: providers = [] } = useQuery({
    queryKey: ['sign-in-providers'],
    queryFn: ({ signal }) => fetchSignInProviders(window.location.origin, signal),
    staleTime: Infinity,
    retry: false,
  });
  if (providers.length === 0) return null;
  return (
    <section className="sign-in-providers" aria-labelledby="sign-in-providers-title">
      <h2 id="sign-in-providers-title">Or sign in with</h2>
      {note && <p className="sign-in-hint">{note}</p>}
      <ul>
        {providers.map((provider) => (
          <li key={provider.id}>
            <a className="sign-in-provider" href={providerStartUrl(provider, next)}>
              Sign in with {provider.label}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
