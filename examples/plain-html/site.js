// The shop's own script. When the Billfront session expires, <billfront-portal>
// calls fetchSession once (for all its elements) and retries with the new token.
const portal = document.querySelector("billfront-portal");
portal.fetchSession = async () => {
  const res = await fetch("/session", { method: "POST", credentials: "same-origin" });
  if (!res.ok) return undefined;
  return (await res.json()).token;
};
