import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { ProfileController } from './profile.controller.js';

@Module({ imports: [OrganizationsModule], controllers: [ProfileController] })
export class ProfileModule {}
