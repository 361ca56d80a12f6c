/**
 * The funding rule's explanation, one step per line: "Montant initial : … = 99 200,00 €. Du … au
 * … : … = 24 800,00 €. Total …" reads better as a list than as one paragraph.
 */
export function Explanation(props: { text: string }) {
  const steps = props.text.split(/(?<=\.)\s+(?=[A-ZÉÈÀ])/u).filter((step) => step.trim() !== '');
  if (steps.length <= 1) return <p className="amount-panel__explanation">{props.text}</p>;
  return (
    <ul className="explanation">
      {steps.map((step) => (
        <li key={step}>{step}</li>
      ))}
    </ul>
  );
}
