import { Link } from 'react-router';
import { useAdminText } from './useAdminText';
import { Notice } from '@credits/react';

/** User ids are compared exactly: the ones that exist and differ from what was asked only in case, as links to each. */
export function OtherCaseUsers({ userIds }: { userIds: string[] }) {
  const { a } = useAdminText();
  if (userIds.length === 0) return null;
  return (
    <Notice>
      {a('user.otherCase')}{' '}
      {userIds.map((id, i) => (
        <span key={id}>
          {i > 0 ? ', ' : null}
          <Link to={`/admin/users/${encodeURIComponent(id)}`}>
            <code>{id}</code>
          </Link>
        </span>
      ))}
    </Notice>
  );
}
