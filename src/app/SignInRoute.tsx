import { SignInPage } from '../auth-ui/SignInPage.tsx';
import { useSession } from '../page-context/useSession.ts';

/** `/sign-in`, told who is signed in already (someone may sign in as another user). */
export function SignInRoute() {
  return <SignInPage signedInAs={useSession()} />;
}
