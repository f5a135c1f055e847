import admin from './admin.json'
import annual from './annual.json'
import auth from './auth.json'
import billing from './billing.json'
import booking from './booking.json'
import catalog from './catalog.json'
import common from './common.json'
import errors from './errors.json'
import home from './home.json'
import governance from './governance.json'
import imports from './imports.json'
import league from './league.json'
import manage from './manage.json'
import menu from './menu.json'
import reports from './reports.json'
import services from './services.json'
import talent from './talent.json'
import training from './training.json'

const messages = {
  common,
  menu,
  home,
  auth,
  catalog,
  booking,
  training,
  services,
  billing,
  manage,
  admin,
  annual,
  errors,
  reports,
  league,
  governance,
  talent,
  imports,
}

/** MessageSchema is the shape every language's messages must have: zh-CN's. */
export type MessageSchema = typeof messages

export default messages
