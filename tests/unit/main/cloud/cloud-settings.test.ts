import { describe, expect, test } from 'vitest';
import { CloudSettingsSchema } from '../../../../main/cloud/cloud-settings';

const endpoint = (url: string) => CloudSettingsSchema.safeParse({ endpoint: url });

describe('the cloud endpoint setting', () => {
  test.each(['https://rekognition.eu-west-1.amazonaws.com', 'https://vpce-1.rekognition.example:8443/'])(
    'accepts https: %s',
    (url) => {
      expect(endpoint(url).success).toBe(true);
    },
  );

  test.each(['http://127.0.0.1:4566/', 'http://localhost:9000', 'http://[::1]:9000/', 'http://127.0.0.2/'])(
    'accepts plain http to this machine: %s',
    (url) => {
      expect(endpoint(url).success).toBe(true);
    },
  );

  test.each([
    'http://rekognition.eu-west-1.amazonaws.com',
    'http://10.0.0.5:9000',
    'http://localhost.evil.example/',
    'file:///etc/passwd',
    'ftp://127.0.0.1/',
    'javascript:alert(1)',
  ])('refuses %s, saying what is allowed', (url) => {
    const r = endpoint(url);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/https:\/\/ URL \(http:\/\/ only to 127\.0\.0\.1/);
  });
});
