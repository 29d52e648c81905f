import {
  Body,
  Button,
  Column,
  Container,
  Head,
  Heading,
  Hr,
  Html,
  Link,
  Preview,
  Row,
  Section,
  Text,
} from '@react-email/components';
import type { Brand } from '../brand.ts';
import type { EmailContent } from './email-content.ts';

/**
 * The one layout of every transactional email. Text only (no images), so it reads the
 * same with images blocked and in screen readers; a single 600 px column that shrinks to
 * the screen is the responsive pattern every mail client renders.
 */
export function TransactionalEmail(props: { content: EmailContent; brand: Brand }) {
  const { content, brand } = props;
  const text = { color: brand.textColor, fontSize: '16px', lineHeight: '24px', margin: '0 0 16px' };
  const muted = {
    color: brand.mutedColor,
    fontSize: '14px',
    lineHeight: '20px',
    margin: '0 0 8px',
  };
  return (
    <Html lang="en" dir="ltr">
      <Head>
        <title>{content.subject}</title>
        <meta name="color-scheme" content="light" />
      </Head>
      <Preview>{content.preview}</Preview>
      <Body
        style={{
          backgroundColor: brand.backgroundColor,
          fontFamily: 'Helvetica, Arial, sans-serif',
          margin: 0,
          padding: '24px 0',
        }}
      >
        <Container
          style={{
            backgroundColor: '#FFFFFF',
            maxWidth: '600px',
            width: '100%',
            borderRadius: '8px',
            overflow: 'hidden',
          }}
        >
          <Section style={{ backgroundColor: brand.primaryColor, padding: '20px 24px' }}>
            <Text style={{ color: '#FFFFFF', fontSize: '22px', fontWeight: 700, margin: 0 }}>
              {brand.name}
            </Text>
            <Text style={{ color: '#FFFFFF', fontSize: '14px', margin: '4px 0 0' }}>
              {brand.tagline}
            </Text>
          </Section>
          <Section style={{ padding: '24px' }}>
            <Heading
              as="h1"
              style={{ color: brand.textColor, fontSize: '24px', margin: '0 0 16px' }}
            >
              {content.heading}
            </Heading>
            {content.paragraphs.map((paragraph, i) => (
              <Text key={`p${i}`} style={text}>
                {paragraph}
              </Text>
            ))}
            {content.details?.length ? (
              <Section
                style={{ borderTop: '1px solid #E5E7EB', padding: '12px 0', margin: '0 0 16px' }}
              >
                {content.details.map((detail) => (
                  <Text key={detail.label} style={{ ...text, margin: '0 0 6px' }}>
                    <strong>{detail.label}:</strong> {detail.value}
                  </Text>
                ))}
              </Section>
            ) : null}
            {content.amounts ? (
              <Section style={{ margin: '0 0 16px' }}>
                {content.amounts.lines.map((line) => (
                  <Row key={line.label}>
                    <Column style={{ ...text, margin: 0, padding: '4px 0' }}>{line.label}</Column>
                    <Column align="right" style={{ ...text, margin: 0, padding: '4px 0' }}>
                      {line.value}
                    </Column>
                  </Row>
                ))}
                <Row style={{ borderTop: `2px solid ${brand.textColor}` }}>
                  <Column style={{ ...text, margin: 0, padding: '8px 0', fontWeight: 700 }}>
                    {content.amounts.total.label}
                  </Column>
                  <Column
                    align="right"
                    style={{ ...text, margin: 0, padding: '8px 0', fontWeight: 700 }}
                  >
                    {content.amounts.total.value}
                  </Column>
                </Row>
              </Section>
            ) : null}
            {content.list ? (
              <Section
                style={{
                  backgroundColor: '#FEF3C7',
                  borderLeft: `4px solid ${brand.primaryColor}`,
                  padding: '12px 16px',
                  margin: '0 0 16px',
                }}
              >
                <Heading
                  as="h2"
                  style={{ color: brand.textColor, fontSize: '18px', margin: '0 0 8px' }}
                >
                  {content.list.title}
                </Heading>
                <ul style={{ margin: 0, paddingLeft: '20px' }}>
                  {content.list.items.map((item) => (
                    <li
                      key={item}
                      style={{ color: brand.textColor, fontSize: '16px', lineHeight: '24px' }}
                    >
                      {item}
                    </li>
                  ))}
                </ul>
              </Section>
            ) : null}
            {content.action ? (
              <Section style={{ margin: '8px 0 24px' }}>
                <Button
                  href={content.action.url}
                  style={{
                    backgroundColor: brand.primaryColor,
                    borderRadius: '6px',
                    color: '#FFFFFF',
                    fontSize: '16px',
                    fontWeight: 700,
                    padding: '12px 20px',
                    textDecoration: 'none',
                  }}
                >
                  {content.action.label}
                </Button>
                <Text style={muted}>
                  Or open this link: <Link href={content.action.url}>{content.action.url}</Link>
                </Text>
              </Section>
            ) : null}
            {(content.closing ?? []).map((line, i) => (
              <Text key={`c${i}`} style={muted}>
                {line}
              </Text>
            ))}
          </Section>
          <Hr style={{ borderColor: '#E5E7EB', margin: 0 }} />
          <Section style={{ padding: '16px 24px' }}>
            <Text style={muted}>
              {brand.name} · {brand.postalAddress}
            </Text>
            <Text style={muted}>
              <Link href={`mailto:${brand.contactEmail}`}>{brand.contactEmail}</Link> ·{' '}
              {brand.contactPhone} · <Link href={brand.websiteUrl}>{brand.websiteUrl}</Link>
            </Text>
          </Section>
        </Container>
      </Body>
    </Html>
  );
}
