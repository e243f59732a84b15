/**
 * License terms as `renderTerms` wrote them (numbered clauses, the terms hash): line breaks
 * kept, and long unbroken runs such as the hash allowed to wrap anywhere, so the terms never
 * push a phone-width page sideways.
 */
export function TermsText({ children, className = '' }: { children: string; className?: string }) {
  return (
    <pre
      className={`font-sans whitespace-pre-wrap text-slate-800 [overflow-wrap:anywhere] ${className}`}
    >
      {children}
    </pre>
  );
}
