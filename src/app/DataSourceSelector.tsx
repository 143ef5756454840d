import { Field } from '../ui/Field.tsx';
import { useNavigate } from 'react-router';
import { useRuntimeConfig } from '../page-context/RuntimeConfigProvider.tsx';
import { useDataSource } from '../page-context/useDataSource.ts';

/** Switches the DICOMweb source (`?dataSource=`); shown only when the runtime config lists several. */
export function DataSourceSelector() {
  const config = useRuntimeConfig();
  const source = useDataSource();
  const navigate = useNavigate();
  if (config.dataSources.length < 2) {
    return (
      <span className="source-name" title="Data source">
        {source.friendlyName}
      </span>
    );
  }
  return (
    <Field label="Data source" className="source-selector">
      {(id) => (
        <select
          id={id}
          value={source.sourceName}
          onChange={(e) => void navigate(e.target.value === config.defaultDataSourceName ? '/' : `/?dataSource=${encodeURIComponent(e.target.value)}`)}
        >
          {config.dataSources.map((s) => (
            <option key={s.sourceName} value={s.sourceName}>
              {s.friendlyName}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
