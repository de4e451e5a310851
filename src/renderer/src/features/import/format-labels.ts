import type { ImportFormat } from '../../../../shared/domain';

/** Import formats as analysts know them; the id (`wazuh-alerts`, …) is what the CLI and rejection reasons say. */
export const FORMAT_LABELS: Readonly<Record<ImportFormat, string>> = {
  'wazuh-alerts': 'Wazuh alerts.json',
  'wazuh-index': 'Wazuh index documents',
  'wazuh-finding': 'Wazuh 5 findings',
  'suricata-eve': 'Suricata EVE',
  'elastic-alert': 'Elastic alerts',
  'graylog-event': 'Graylog events',
  generic: 'Generic JSON alerts',
};
