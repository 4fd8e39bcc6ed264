// Unknown addresses: say so and point at the runs table.
import { Link } from '../components/common/app-link';

export default function NotFound() {
  return (
    <div className="card">
      <div className="state">
        <h2>Nothing here</h2>
        <p>
          This address is not a page of mnist-lab. Runs are listed in the <Link href="/">runs table</Link>.
        </p>
      </div>
    </div>
  );
}
