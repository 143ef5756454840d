import { useId, type ReactNode } from 'react';

/**
 * A caption and its control, linked by id. Use it for selects: wrapping a select in its label
 * would make the options' text part of the label's accessible name.
 */
export function Field({ label, className, children }: { label: string; className?: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}
